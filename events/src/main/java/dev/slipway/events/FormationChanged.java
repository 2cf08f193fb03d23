package dev.slipway.events;

import java.util.List;
import java.util.UUID;

/** The app's whole desired formation after the change. */
public record FormationChanged(UUID appId, List<Process> processes) implements Event {
    public FormationChanged {
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    public record Process(String type, int quantity, String size) {}
}
