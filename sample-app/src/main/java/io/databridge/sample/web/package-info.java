/**
 * Error responses of the HTTP API, as RFC 9457 problem details.
 */
@NullMarked
package io.databridge.sample.web;

import org.jspecify.annotations.NullMarked;
