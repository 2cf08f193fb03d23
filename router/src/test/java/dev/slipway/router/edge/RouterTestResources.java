package dev.slipway.router.edge;

import dev.slipway.devstack.ServiceTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The router's test environment: its schema and Kafka from devstack, fake services for the API host. */
@QuarkusTestResource(value = ServiceTestResource.class, initArgs = @ResourceArg(name = "service", value = "router"))
@QuarkusTestResource(FakeServices.class)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface RouterTestResources {}
