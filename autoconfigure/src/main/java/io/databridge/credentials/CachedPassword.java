package io.databridge.credentials;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The password a {@link DatabridgePasswordSupplier} last supplied, reused for the cache
 * time and dropped as soon as the server refuses it. The supplier is asked off the event
 * loops, since secret stores are often reached through blocking clients.
 *
 * @author Databridge team
 */
public final class CachedPassword {

	private final DatabridgePasswordSupplier supplier;

	private final DatabridgePasswordSupplier.PasswordRequest request;

	private final long cacheNanos;

	private final AtomicReference<@Nullable Entry> cached = new AtomicReference<>();

	/**
	 * Creates a cache in front of the given supplier.
	 * @param supplier the application's supplier
	 * @param request what to ask it for
	 * @param cacheTime how long a supplied password is reused; zero asks for every
	 * connection
	 */
	public CachedPassword(DatabridgePasswordSupplier supplier, DatabridgePasswordSupplier.PasswordRequest request,
			Duration cacheTime) {
		this.supplier = supplier;
		this.request = request;
		this.cacheNanos = cacheTime.toNanos();
	}

	/**
	 * Returns the password for a new connection: the cached one while it is fresh, else a
	 * new one from the supplier. A supplier that fails or supplies nothing fails the
	 * connection; nothing is cached then.
	 * @return the password
	 */
	public Mono<CharSequence> password() {
		return Mono.defer(() -> {
			Entry entry = this.cached.get();
			if (entry != null && System.nanoTime() - entry.expiresAt() < 0) {
				return Mono.just(entry.password());
			}
			return Mono.defer(() -> this.supplier.password(this.request))
				.subscribeOn(Schedulers.boundedElastic())
				.switchIfEmpty(Mono.error(
						() -> new IllegalStateException("The DatabridgePasswordSupplier supplied no password for pool '"
								+ this.request.poolName() + "'")))
				.doOnNext((password) -> this.cached.set(new Entry(password, System.nanoTime() + this.cacheNanos)))
				.<CharSequence>map((password) -> password);
		});
	}

	/**
	 * Drops the cached password, because the server refused it.
	 */
	public void refused() {
		this.cached.set(null);
	}

	private record Entry(String password, long expiresAt) {

		@Override
		public String toString() {
			return "Entry[password=****]";
		}

	}

}
