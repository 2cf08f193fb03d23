package dev.slipway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tenant that tries every door of issue 13 from inside its dynos. {@code GET /} runs the probes
 * (reads, writes, connections, signals) and answers a JSON report, one entry per attempt with
 * {@code denied: true|false}; its targets come in config vars (the platform's home, host
 * addresses and ports, the platform's pids). A {@code balloon} process type grows to three times
 * a 1X quota; a {@code bomber} forks without end.
 */
final class HostileApp {
    static final String SERVER_JS = """
            const fs = require('fs'), net = require('net'), http = require('http'), os = require('os');
            const home = process.env.PROBE_HOME || '/nonexistent';
            const targets = (process.env.PROBE_TARGETS || '').split(',').filter(Boolean);
            const pids = (process.env.PROBE_PIDS || '').split(',').filter(Boolean).map(Number);
            const own = new Set(Object.values(os.networkInterfaces()).flat().map(a => a.address));
            function attempt(door, fn) {
              try { const detail = fn(); return {door, denied: false, detail: String(detail).slice(0, 80)}; }
              catch (e) { return {door, denied: true, detail: e.code || e.message}; }
            }
            function connect(target) {
              const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
              return new Promise(resolve => {
                const s = net.connect({host, port});
                const done = (denied, detail) => { s.destroy(); resolve({door: 'connect ' + target, denied, detail}); };
                s.setTimeout(1500, () => done(true, 'timeout'));
                s.on('connect', () => done(false, 'connected'));
                s.on('error', e => done(true, e.code));
              });
            }
            async function probe() {
              const r = [];
              for (const f of ['api-key', 'platform.properties', 'slipway.pid']) {
                r.push(attempt('read ' + home + '/' + f, () => fs.readFileSync(home + '/' + f, 'utf8')));
              }
              for (const d of ['', 'dyno-manager/slugs', 'dyno-manager/dynos', 'git-gateway', 'builder-service', 'postgres']) {
                r.push(attempt('list ' + home + '/' + d, () => fs.readdirSync(home + '/' + d).join(' ')));
              }
              for (const f of ['pwned', 'dyno-manager/slugs/pwned', 'builder-service/pwned', '/usr/local/pwned', '/etc/pwned']) {
                const path = f.startsWith('/') ? f : home + '/' + f;
                r.push(attempt('write ' + path, () => { fs.writeFileSync(path, 'x'); return 'written'; }));
              }
              const visible = fs.readdirSync('/proc').filter(p => /^\\d+$/.test(p));
              r.push({door: 'see other processes', denied: visible.length <= 8, detail: visible.length + ' pids'});
              // a name the dyno was not given itself (its own SLIPWAY_DYNO_MEMORY_MB is its own) is a leak
              const foreign = n => /PASSWORD|SLIPWAY_|API_KEY/.test(n) && !(n in process.env);
              const secrets = visible.filter(p => { try { return fs.readFileSync('/proc/' + p + '/environ', 'latin1').split('\\0').some(kv => foreign(kv.split('=')[0])); } catch (e) { return false; } });
              r.push({door: 'read secrets in /proc/*/environ', denied: secrets.length === 0, detail: secrets.join(' ')});
              r.push({door: 'run as root', denied: process.getuid() !== 0, detail: 'uid ' + process.getuid()});
              for (const pid of pids) {
                r.push(attempt('signal platform pid ' + pid, () => { process.kill(pid, 'SIGTERM'); return 'signalled'; }));
              }
              // its own eth0 address and its own port on its own loopback are its own to reach
              const reachable = targets.filter(t => t !== '127.0.0.1:' + process.env.PORT
                  && !(own.has(t.slice(0, t.lastIndexOf(':'))) && !t.startsWith('127.')));
              r.push(...await Promise.all(reachable.map(connect)));
              return r;
            }
            http.createServer(async (req, res) => {
              res.setHeader('content-type', 'application/json');
              res.end(JSON.stringify(await probe()));
            }).listen(process.env.PORT);
            """;
    static final String BALLOON_JS = """
            // three times a 1X dyno's 512 MB quota, touched page by page
            const chunks = [];
            for (let i = 0; i < 1536; i++) { chunks.push(Buffer.alloc(1 << 20, 1)); }
            console.log('balloon survived at 1536 MB');
            setInterval(() => {}, 60000);
            """;
    static final String PROCFILE = """
            web: node server.js
            balloon: node --max-old-space-size=4096 balloon.js
            bomber: bash -c 'bomb() { bomb | bomb & }; bomb; sleep 600'
            """;

    private HostileApp() {}

    /** Writes the hostile app into a git repository that {@link NodeApp} made, and commits it. */
    static void writeInto(Path dir) throws IOException {
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"hostile\", \"version\": \"1.0.0\", \"private\": true}\n");
        Files.writeString(dir.resolve("server.js"), SERVER_JS);
        Files.writeString(dir.resolve("balloon.js"), BALLOON_JS);
        Files.writeString(dir.resolve("Procfile"), PROCFILE);
        Shell.ok(dir, "git", "add", "-A");
        Shell.ok(dir, "git", "commit", "-q", "-m", "hostile");
    }
}
