package dev.slipway.builder.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pure unit test of the buildpack URL and ref rules: nothing is faked, nothing runs. */
class BuildpackSourceTest {
    @ParameterizedTest
    @ValueSource(strings = {"file:///etc", "file://localhost/srv/repo", "ssh://git@example.com/x.git",
            "git@github.com:org/buildpack.git", "/srv/buildpack", "./buildpack", "ext::sh -c id",
            "ext::sh%20-c%20id", "https://", "https:///path", "https://-oProxyCommand=x/y", "ftp://example.com/x.git",
            "https://example.com/x.git#--upload-pack=/tmp/evil", "https://example.com/x.git#-b",
            "https://example.com/x.git#a..b", "https://example.com/x.git#x.lock", "https://example.com/x.git#a b",
            "https://example.com/x.git#a:b", "https://example.com/x.git#@{-1}", "https://example.com/x.git#.hidden",
            "https://example.com/x.git\u0000", "https://example.com/x.git#ref\n"})
    void refused(String entry) {
        assertThrows(BuildpackSource.Invalid.class, () -> BuildpackSource.parse(entry));
    }

    @Test
    void theRefusalIsHerokuShapedAndPrintable() {
        BuildpackSource.Invalid e = assertThrows(BuildpackSource.Invalid.class,
                () -> BuildpackSource.parse("file:///etc\u0000"));
        assertEquals("Buildpack file:///etc\\u0000 is not a valid buildpack URL: use an https://, http:// or git:// URL, "
                + "optionally with #branch, #tag or #commit, or a buildpack name such as heroku/nodejs.", e.getMessage());
    }

    @Test
    void accepted() throws Exception {
        assertEquals(new BuildpackSource("https://github.com/org/bp.git", null),
                BuildpackSource.parse("https://github.com/org/bp.git"));
        assertEquals(new BuildpackSource("https://github.com/org/bp", "v1.2.3"),
                BuildpackSource.parse("https://github.com/org/bp#v1.2.3"));
        assertEquals("feature/x", BuildpackSource.parse("http://127.0.0.1:8080/bp.git#feature/x").ref());
        assertEquals("0123456789abcdef0123456789abcdef01234567",
                BuildpackSource.parse("git://example.com/bp.git#0123456789abcdef0123456789abcdef01234567").ref());
        assertEquals("https://user:token@example.com/bp.git",
                BuildpackSource.parse("https://user:token@example.com/bp.git").url());
        BuildpackSource noRef = BuildpackSource.parse("HTTPS://example.com/bp.git#");
        assertNull(noRef.ref());
        assertEquals("HEAD", noRef.refOrHead());
    }
}
