package io.databridge.pool;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The event loop a pool opens a connection from, passed down the opening in its Reactor
 * context. The pool subscribes to the driver from the loop the connection is to live on,
 * and Reactor Netty registers it there; a connection factory that first waits for
 * something else (a probe of a pooler, say) resumes on whichever thread ended that wait,
 * and opens from the loop named here instead.
 *
 * @author Databridge team
 */
public final class OpeningLoop {

	private static final Object KEY = OpeningLoop.class;

	private OpeningLoop() {
	}

	/**
	 * Names the loop an opening is to run from.
	 * @param loop the event loop's scheduler
	 * @return the context that names it
	 */
	public static Context of(Scheduler loop) {
		return Context.of(KEY, loop);
	}

	/**
	 * Subscribes to the given opening from the loop the context names; or, when it names
	 * none (the opening is not a pool's), off the event loops, where the driver chooses
	 * one.
	 * @param <T> the type of connection
	 * @param context the opening's context
	 * @param opening the opening
	 * @return the opening, subscribed to from there
	 */
	public static <T> Mono<T> openFrom(ContextView context, Mono<T> opening) {
		Scheduler loop = context.getOrDefault(KEY, null);
		return opening.subscribeOn((loop != null) ? loop : Schedulers.boundedElastic());
	}

}
