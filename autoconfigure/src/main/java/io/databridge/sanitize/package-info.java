/**
 * Keeps Databridge's secrets out of actuator's {@code env} and {@code configprops}
 * endpoints, even where they are set to show values.
 */
@NullMarked
package io.databridge.sanitize;

import org.jspecify.annotations.NullMarked;
