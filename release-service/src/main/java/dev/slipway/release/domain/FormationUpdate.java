package dev.slipway.release.domain;

/**
 * One requested change to a process type. {@code quantity} is absolute, or a delta when
 * {@code relative} (the heroku CLI sends {@code "+1"} for {@code ps:scale web+1}); null fields stay.
 */
public record FormationUpdate(String type, Integer quantity, boolean relative, String size) {}
