// Version choices against npm registry documents, with the semver that the host's npm ships.
// node registry.js pick PACKUMENT RANGE         -> "version<TAB>integrity<TAB>tarball<TAB>bins"
// node registry.js lts SCHEDULE PACKUMENT       -> the range of the current LTS line ("26.x")
// node registry.js npm-for PACKUMENT NODE_VERSION -> like pick: the newest npm that supports that node
// Exit 3 when nothing matches, with the versions nearest to what was asked on stdout.
"use strict";
const fs = require("fs");
const path = require("path");

function loadSemver() {
  const npmCli = process.env.HOST_NPM ? fs.realpathSync(process.env.HOST_NPM) : "";
  const candidates = [
    npmCli && path.join(path.dirname(npmCli), "..", "node_modules", "semver"),
    "/usr/lib/node_modules/npm/node_modules/semver",
    "/usr/share/nodejs/semver",
    "/usr/local/lib/node_modules/npm/node_modules/semver",
  ].filter(Boolean);
  for (const dir of candidates) {
    try {
      return require(dir);
    } catch (e) {
      // try the next place
    }
  }
  process.stderr.write("semver (shipped with the host's npm) was not found\n");
  process.exit(2);
}

const semver = loadSemver();
const [command, file, arg] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(file, "utf8"));

function releases(packument) {
  return Object.keys(packument.versions || {}).filter((v) => semver.valid(v) && !semver.prerelease(v));
}

function print(packument, version) {
  const meta = packument.versions[version];
  const dist = meta.dist || {};
  let bins = meta.bin || {};
  if (typeof bins === "string") {
    bins = { [packument.name.replace(/^@[^/]+\//, "")]: bins };
  }
  const binList = Object.entries(bins)
    .filter(([name, p]) => /^[A-Za-z0-9._-]+$/.test(name) && typeof p === "string" && !p.split("/").includes(".."))
    .map(([name, p]) => name + "=" + p.replace(/^\.\//, ""))
    .join(",");
  const integrity = dist.integrity || (dist.shasum ? "sha1hex-" + dist.shasum : "");
  process.stdout.write([version, integrity, dist.tarball, binList].join("\t") + "\n");
}

function nearest(versions, range) {
  const sorted = versions.sort(semver.rcompare);
  const floor = semver.minVersion(range, { loose: true });
  if (!floor) {
    return sorted.slice(0, 10).sort(semver.compare);
  }
  const majors = new Map();
  for (const v of sorted) {
    if (!majors.has(semver.major(v))) majors.set(semver.major(v), v);
  }
  const near = [...majors.values()].sort(
    (a, b) => Math.abs(semver.major(a) - floor.major) - Math.abs(semver.major(b) - floor.major));
  return near.slice(0, 8).sort(semver.compare);
}

function pick(packument, range) {
  const versions = releases(packument);
  const latest = (packument["dist-tags"] || {}).latest;
  if (range === "" && latest && packument.versions[latest]) {
    print(packument, latest);
    return;
  }
  const asked = range === "" ? "*" : range;
  if (semver.validRange(asked, { loose: true }) === null) {
    process.stdout.write("invalid\n");
    process.exit(3);
  }
  const best = semver.maxSatisfying(versions, asked, { loose: true });
  if (!best) {
    process.stdout.write(nearest(versions, asked).join(" ") + "\n");
    process.exit(3);
  }
  print(packument, best);
}

if (command === "pick") {
  pick(doc, arg || "");
} else if (command === "lts") {
  // release-schedule.json of the node-releases package: {"v26": {"lts": "2026-10-28", "end": ...}}
  const today = new Date().toISOString().slice(0, 10);
  const published = new Set(releases(JSON.parse(fs.readFileSync(arg, "utf8"))).map((v) => semver.major(v)));
  const lines = Object.entries(doc)
    .filter(([, s]) => s.lts && s.lts <= today && (!s.end || s.end > today))
    .map(([major]) => Number(major.replace(/^v/, "")))
    .filter((m) => published.has(m))
    .sort((a, b) => b - a);
  if (lines.length === 0) {
    process.exit(3);
  }
  process.stdout.write(lines[0] + ".x\n");
} else if (command === "npm-for") {
  const node = arg;
  const fits = releases(doc)
    .filter((v) => {
      const engines = (doc.versions[v].engines || {}).node;
      return engines && semver.satisfies(node, engines);
    })
    .sort(semver.rcompare);
  if (fits.length === 0) {
    process.exit(3);
  }
  print(doc, fits[0]);
} else {
  process.stderr.write("unknown command " + command + "\n");
  process.exit(2);
}
