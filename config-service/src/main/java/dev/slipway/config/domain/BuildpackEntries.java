package dev.slipway.config.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What may be set as an app's buildpack: a registry-style name ({@code heroku/nodejs}) or a
 * network git URL ({@code https}, {@code http}, {@code git}), optionally {@code #ref}. Refused:
 * {@code file://}, {@code ssh://}, scp-like {@code host:path}, {@code ext::} and local paths, which
 * would let a tenant make the builder read its disk or run a command through git; and a ref that
 * is not a git ref name or starts with {@code -} (it would reach git as an option). The builder
 * checks the same rules again before it fetches.
 */
public final class BuildpackEntries {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$");
    private static final Set<String> SCHEMES = Set.of("https", "http", "git");
    private static final String REF_FORBIDDEN = " ~^:?*[\\";

    private BuildpackEntries() {}

    /** True when the entry is a buildpack name or an accepted git URL (the caller bounds its length). */
    public static boolean valid(String entry) {
        if (entry.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return false;
        }
        if (NAME.matcher(entry).matches()) {
            return true;
        }
        int hash = entry.indexOf('#');
        String url = hash < 0 ? entry : entry.substring(0, hash);
        String ref = hash < 0 || hash == entry.length() - 1 ? null : entry.substring(hash + 1);
        return validUrl(url) && (ref == null || validRef(ref));
    }

    public static String refusal(String entry) {
        return "Buildpack " + entry + " is not a valid buildpack URL: use an https://, http:// or git:// URL, "
                + "optionally with #branch, #tag or #commit, or a buildpack name such as heroku/nodejs.";
    }

    private static boolean validUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        String host = uri.getHost();
        return uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                && host != null && !host.isEmpty() && !host.startsWith("-");
    }

    /** {@code git check-ref-format}'s rules, plus: never starts with {@code -}. */
    private static boolean validRef(String ref) {
        if (ref.length() > 255 || ref.startsWith("-") || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".")
                || ref.contains("..") || ref.contains("//") || ref.contains("@{") || ref.equals("@")) {
            return false;
        }
        for (int i = 0; i < ref.length(); i++) {
            if (REF_FORBIDDEN.indexOf(ref.charAt(i)) >= 0) {
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
}
