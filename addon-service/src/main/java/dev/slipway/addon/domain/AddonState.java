package dev.slipway.addon.domain;

/**
 * Heroku's add-on states. Provisioning on the tenant cluster takes milliseconds, so it happens
 * inside the create request: a stored add-on is {@code provisioned}, and the answer to a destroy is
 * {@code deprovisioned} (the row is gone). The in-between states are what the heroku CLI would
 * wait on; Slipway never answers with them.
 */
public enum AddonState {
    PROVISIONED("provisioned"),
    DEPROVISIONED("deprovisioned");

    private final String heroku;

    AddonState(String heroku) {
        this.heroku = heroku;
    }

    public String heroku() {
        return heroku;
    }

    public static AddonState of(String heroku) {
        for (AddonState state : values()) {
            if (state.heroku.equals(heroku)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown add-on state " + heroku);
    }
}
