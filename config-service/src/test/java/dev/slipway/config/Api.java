package dev.slipway.config;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Request helpers shared by the tests. */
final class Api {
    static final String ADMIN_KEY = "config-service-test-admin-key";

    private Api() {}

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key)
                .header("Accept", "application/vnd.heroku+json; version=3")
                .contentType(ContentType.JSON);
    }

    static RequestSpecification admin() {
        return as(ADMIN_KEY);
    }

    /** A name no other test (or earlier run on the same database) uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    static String createApp(String key, String name) {
        return as(key).body(Map.of("name", name)).post("/apps").then().statusCode(201).extract().path("id");
    }

    /** An ordinary (non-admin) account and its key, made through the admin endpoint. */
    static String newUserKey(String email) {
        return admin().body(Map.of("email", email)).post("/admin/accounts")
                .then().statusCode(201).extract().path("api_key");
    }
}
