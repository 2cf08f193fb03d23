package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which names and URLs mean a built-in buildpack: a pure function, nothing real, nothing faked. */
class BuildpackAliasesTest {

    @ParameterizedTest
    @CsvSource({
            "heroku/nodejs, nodejs",
            "heroku-community/procfile, procfile",
            "https://buildpack-registry.s3.amazonaws.com/buildpacks/heroku/nodejs.tgz, nodejs",
            "https://codon-buildpacks.s3.amazonaws.com/buildpacks/heroku/nodejs.tgz, nodejs",
            "https://github.com/heroku/heroku-buildpack-nodejs, nodejs",
            "https://github.com/heroku/heroku-buildpack-nodejs.git, nodejs",
            "https://github.com/heroku/heroku-buildpack-procfile, procfile",
            "heroku/python, python",
            "heroku/gradle, java",
            "https://github.com/heroku/heroku-buildpack-gradle, java",
            "heroku-community/static, static",
            "https://buildpack-registry.s3.amazonaws.com/buildpacks/heroku/go.tgz, go",
    })
    void herokusNamesForTheBuiltIns(String entry, String builtin) {
        assertEquals(Optional.of(builtin), BuildpackAliases.builtin(entry));
    }

    @ParameterizedTest
    @CsvSource({
            "heroku/clojure",
            "someone/python",
            "https://github.com/heroku/heroku-buildpack-nodejs#v200",
            "https://github.com/someone/heroku-buildpack-nodejs",
            "git://127.0.0.1:9418/custom-buildpack",
            "https://buildpack-registry.s3.amazonaws.com/buildpacks/heroku/nodejs.tgz.evil",
    })
    void everythingElseIsNotABuiltIn(String entry) {
        assertEquals(Optional.empty(), BuildpackAliases.builtin(entry));
    }
}
