package dev.slipway.router.edge;

/** Heroku's router error codes that Slipway's edge produces. */
enum RouterError {
    H10("App crashed"),
    H12("Request timeout"),
    H13("Connection closed without response"),
    H14("No web processes running"),
    H15("Idle connection"),
    H18("Server Request Interrupted"),
    H27("Client Request Interrupted"),
    H28("Client Connection Idle"),
    H80("Maintenance mode");

    final String desc;

    RouterError(String desc) {
        this.desc = desc;
    }
}
