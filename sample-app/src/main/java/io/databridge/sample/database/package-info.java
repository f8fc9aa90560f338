/**
 * Which database the sample application is connected to.
 */
@NullMarked
package io.databridge.sample.database;

import org.jspecify.annotations.NullMarked;
