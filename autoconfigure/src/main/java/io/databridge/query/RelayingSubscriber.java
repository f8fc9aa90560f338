package io.databridge.query;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The part that Databridge's one-layer operators share: a subscriber to the driver's
 * publisher that is also the subscription its own subscriber sees. It takes the driver's
 * subscription once, hands itself to its subscriber in its place, and reads its
 * subscriber's context. Each operator adds what it does with the signals, in one layer
 * instead of one Reactor operator per concern.
 *
 * @param <T> the type of the items received
 * @param <R> the type of the items passed on
 * @author Databridge team
 */
public abstract class RelayingSubscriber<T, R> implements CoreSubscriber<T>, Subscription {

	/**
	 * The subscriber the signals are passed on to.
	 */
	protected final CoreSubscriber<? super R> actual;

	private @Nullable Subscription upstream;

	/**
	 * Creates a subscriber that passes signals on to the given one.
	 * @param actual the subscriber to pass signals on to
	 */
	protected RelayingSubscriber(CoreSubscriber<? super R> actual) {
		this.actual = actual;
	}

	@Override
	public final Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public final void onSubscribe(Subscription subscription) {
		if (Operators.validate(this.upstream, subscription)) {
			this.upstream = subscription;
			this.actual.onSubscribe(this);
		}
	}

	/**
	 * Returns the driver's subscription, which every request and cancel of the subscriber
	 * follows: the subscriber receives this relay only once it is set.
	 * @return the driver's subscription
	 */
	protected final Subscription upstream() {
		Subscription upstream = this.upstream;
		if (upstream == null) {
			throw new IllegalStateException("Not subscribed");
		}
		return upstream;
	}

}
