/**
 * A WebFlux application on the Databridge starter.
 */
@NullMarked
package io.databridge.sample;

import org.jspecify.annotations.NullMarked;
