package dev.slipway.e2e;

/** A git repository the tests push to the platform. */
interface PushableApp {
    /** {@code git push <gitUrl> main}, as a user runs it. */
    Shell.Result push(String gitUrl);
}
