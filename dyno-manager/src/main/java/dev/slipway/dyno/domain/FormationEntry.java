package dev.slipway.dyno.domain;

/** Desired quantity and size of one process type. */
public record FormationEntry(String type, int quantity, String size) {}
