/**
 * The pools and drivers measured, behind one small interface.
 */
@NullMarked
package io.databridge.benchmarks.contender;

import org.jspecify.annotations.NullMarked;
