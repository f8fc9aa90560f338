/**
 * Docker Compose support: a {@code postgres} service started by Spring Boot's Docker
 * Compose support configures the Databridge pool.
 */
@NullMarked
package io.databridge.docker.compose;

import org.jspecify.annotations.NullMarked;
