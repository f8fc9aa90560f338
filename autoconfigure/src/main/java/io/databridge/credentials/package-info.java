/**
 * Passwords that change while the application runs: asked of the application for each new
 * connection, cached for a bounded time, and asked again when the server refuses one.
 */
@NullMarked
package io.databridge.credentials;

import org.jspecify.annotations.NullMarked;
