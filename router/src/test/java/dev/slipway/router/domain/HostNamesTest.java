package dev.slipway.router.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host header normalisation and the API host set: pure functions, nothing faked. */
class HostNamesTest {

    @ParameterizedTest
    @CsvSource({
            "hello.localhost:8080, hello.localhost",
            "HELLO.LocalHost, hello.localhost",
            "hello.localhost., hello.localhost",
            "[::1]:8080, [::1]",
            "[::1], [::1]",
            "127.0.0.1:80, 127.0.0.1",
            "WWW.Example.COM:443, www.example.com",
    })
    void normalizes(String header, String expected) {
        assertEquals(expected, HostNames.normalize(header));
    }

    @Test
    void canonicalHostIsReturnedAsIs() {
        String host = "hello.localhost";
        assertSame(host, HostNames.normalize(host));
        assertEquals("", HostNames.normalize(null));
    }

    @Test
    void apiHosts() {
        HostNames hosts = new HostNames("localhost");
        assertTrue(hosts.isApiHost("localhost"));
        assertTrue(hosts.isApiHost("127.0.0.1"));
        assertTrue(hosts.isApiHost("[::1]"));
        assertTrue(hosts.isApiHost("api.localhost"));
        assertFalse(hosts.isApiHost("hello.localhost"));

        HostNames custom = new HostNames("Slipway.Example");
        assertTrue(custom.isApiHost("api.slipway.example"));
        assertTrue(custom.isApiHost("slipway.example"));
        assertTrue(custom.isApiHost("localhost"));
        assertFalse(custom.isApiHost("hello.slipway.example"));
    }

    @Test
    void theDashboardHasAHostOfItsOwnBesideTheApi() {
        HostNames names = new HostNames("Example.COM");
        assertTrue(names.isDashboardHost("dashboard.example.com"));
        assertFalse(names.isApiHost("dashboard.example.com"));
        assertFalse(names.isDashboardHost("example.com"));
        assertFalse(names.isDashboardHost("dashboard.localhost"));
        assertTrue(new HostNames("localhost").isDashboardHost("dashboard.localhost"));
    }
}
