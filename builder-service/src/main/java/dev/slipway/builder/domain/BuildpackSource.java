package dev.slipway.builder.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * A custom buildpack's git URL and optional ref ({@code url#ref}), checked before anything runs:
 * only the network schemes a Heroku buildpack URL uses ({@code https}, {@code http}, {@code git}),
 * never {@code file://}, {@code ssh://}, scp-like {@code host:path}, {@code ext::} or a local path
 * (each would let a tenant read the builder's disk or run a command through git); and the ref,
 * a branch, tag or commit, must be a well-formed git ref name that cannot pass for an option.
 * config-service checks the same rules when the list is set; this is the second line.
 */
record BuildpackSource(String url, String ref) {
    static final int MAX_LENGTH = 2048;
    private static final Set<String> SCHEMES = Set.of("https", "http", "git");
    private static final String REF_FORBIDDEN = " ~^:?*[\\";

    /** The reason the entry is refused, in the words the push output and the API give. */
    static final class Invalid extends Exception {
        Invalid(String entry) {
            super("Buildpack " + entry + " is not a valid buildpack URL: use an https://, http:// or git:// URL, "
                    + "optionally with #branch, #tag or #commit, or a buildpack name such as heroku/nodejs.");
        }
    }

    /** The ref to fetch: the one given, else the remote's HEAD. */
    String refOrHead() {
        return ref == null ? "HEAD" : ref;
    }

    static BuildpackSource parse(String entry) throws Invalid {
        if (entry.isEmpty() || entry.length() > MAX_LENGTH || entry.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new Invalid(printable(entry));
        }
        int hash = entry.indexOf('#');
        String url = hash < 0 ? entry : entry.substring(0, hash);
        String ref = hash < 0 || hash == entry.length() - 1 ? null : entry.substring(hash + 1);
        if (!validUrl(url) || (ref != null && !validRef(ref))) {
            throw new Invalid(entry);
        }
        return new BuildpackSource(url, ref);
    }

    static boolean validUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String host = uri.getHost();
        return uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                && uri.getRawAuthority() != null && host != null && !host.isEmpty() && !host.startsWith("-");
    }

    /** {@code git check-ref-format}'s rules, plus: never starts with {@code -} (so never an option). */
    static boolean validRef(String ref) {
        if (ref.isEmpty() || ref.length() > 255 || ref.startsWith("-") || ref.startsWith("/") || ref.endsWith("/")
                || ref.endsWith(".") || ref.contains("..") || ref.contains("//") || ref.contains("@{")
                || ref.equals("@")) {
            return false;
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c < 0x20 || c == 0x7f || REF_FORBIDDEN.indexOf(c) >= 0) {
                return false;
            }
        }
        for (String part : ref.split("/")) {
            if (part.startsWith(".") || part.endsWith(".lock")) {
                return false;
            }
        }
        return true;
    }

    /** Control characters in a refused entry are shown escaped, so the message itself is safe to store. */
    private static String printable(String entry) {
        StringBuilder s = new StringBuilder();
        entry.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                s.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return entry.length() > 200 ? s + "..." : s.toString();
    }
}
