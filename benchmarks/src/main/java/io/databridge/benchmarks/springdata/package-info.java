/**
 * The Spring Data R2DBC repository the benchmarks call, as an application would declare
 * it.
 */
@NullMarked
package io.databridge.benchmarks.springdata;

import org.jspecify.annotations.NullMarked;
