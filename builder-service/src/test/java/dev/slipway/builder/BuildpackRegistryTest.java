package dev.slipway.builder;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.slipway.devstack.ServiceTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The buildpack registry lookup the heroku CLI makes, over real HTTP to builder-service on real
 * PostgreSQL and Kafka. Nothing is faked.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "builder"))
class BuildpackRegistryTest {

    @Test
    void namesTheBuiltInBuildpacksAsTheCliAsksForThem() {
        given().urlEncodingEnabled(false).get("/buildpacks/heroku%2Fnodejs").then().statusCode(200)
                .body("name", equalTo("heroku/nodejs"))
                .body("blob_url", equalTo("https://buildpack-registry.s3.amazonaws.com/buildpacks/heroku/nodejs.tgz"));
        given().urlEncodingEnabled(false).get("/buildpacks/heroku/procfile").then().statusCode(200)
                .body("namespace", equalTo("heroku"));
        for (String language : new String[] {"java", "gradle", "python", "go", "ruby", "php", "scala", "static"}) {
            given().urlEncodingEnabled(false).get("/buildpacks/heroku%2F" + language).then().statusCode(200)
                    .body("name", equalTo("heroku/" + language));
        }
    }

    @Test
    void anyOtherNameIsNotFoundInHerokusErrorShape() {
        given().urlEncodingEnabled(false).get("/buildpacks/heroku%2Felixir").then().statusCode(404)
                .body("id", equalTo("not_found")).body("message", containsString("git URL"));
        given().urlEncodingEnabled(false).get("/buildpacks/nonsense").then().statusCode(404)
                .body("id", equalTo("not_found"));
    }
}
