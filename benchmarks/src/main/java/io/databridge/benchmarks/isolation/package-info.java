/**
 * Contenders measured in JVMs of their own, so that the just-in-time compiler profiles
 * and compiles the code they share (Reactor, Netty, r2dbc-postgresql) for one contender
 * at a time.
 */
@NullMarked
package io.databridge.benchmarks.isolation;

import org.jspecify.annotations.NullMarked;
