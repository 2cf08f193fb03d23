package dev.slipway.dyno.domain;

/**
 * What a log session shows: {@code dyno} is a whole dyno name ({@code web.1}, {@code router}) or
 * a process type ({@code web} matches {@code web.1}, {@code web.2}); {@code source} is {@code app}
 * or {@code heroku}. Null means any.
 */
public record LogFilter(String dyno, String source) {

    public boolean matches(StoredLine line) {
        return (source == null || source.equals(line.source()))
                && (dyno == null || dyno.equals(line.process()) || line.process().startsWith(dyno + "."));
    }
}
