package io.databridge.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

import org.springframework.util.ClassUtils;

/**
 * Chooses the event loop each new connection of one pool runs on, and opens it from
 * there.
 * <p>
 * r2dbc-postgresql runs its connections on Reactor Netty's shared client event loops,
 * which number at least four even on a machine with fewer cores, and Reactor Netty puts a
 * connection opened from one of those loops on that same loop. A pool left to the
 * driver's round-robin spreads its connections over every loop: on a 2-core machine, four
 * threads then take turns on two cores, with a thread switch and a wake-up for each turn.
 * A pool opened from a callback of its first connection would instead put every
 * connection on one loop and leave the other cores idle.
 * <p>
 * So the pool uses as many of the loops as the JVM has processors (all of them on a
 * machine with as many cores as loops) and opens each connection from the one of those
 * that holds the fewest of its connections: a seat on that loop is taken when an opening
 * starts, and left when it fails or when the connection closes. Pools break ties from
 * different starting loops, so that several small pools do not all load the first one.
 * <p>
 * Where the loops cannot be known (Reactor Netty is absent, or its loops shut down), the
 * opening runs on the caller's thread and the driver places the connection as it would
 * without a pool.
 *
 * @author Databridge team
 */
final class EventLoopPlacement {

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent("reactor.netty.tcp.TcpResources",
			EventLoopPlacement.class.getClassLoader());

	private final Supplier<? extends @Nullable EventLoopGroup> loops;

	private final int processors;

	private final int firstChoice = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);

	private @Nullable Homes homes;

	/**
	 * Creates a placement over the given loops.
	 * @param loops supplies the event loops the driver opens its connections on, or
	 * {@code null} when they are unknown; asked at each opening, since they may be
	 * replaced
	 * @param processors how many processors the JVM may use, which is how many of the
	 * loops the pool uses at most
	 */
	EventLoopPlacement(Supplier<? extends @Nullable EventLoopGroup> loops, int processors) {
		this.loops = loops;
		this.processors = Math.max(1, processors);
	}

	/**
	 * Returns a placement over the client event loops of Reactor Netty's shared TCP
	 * resources, which r2dbc-postgresql opens its connections on unless it is given loops
	 * of its own, bounded by the processors available to the JVM.
	 * @return the placement
	 */
	static EventLoopPlacement onDriverLoops() {
		Supplier<@Nullable EventLoopGroup> loops = REACTOR_NETTY_PRESENT ? EventLoopPlacement::sharedClientLoops
				: () -> null;
		return new EventLoopPlacement(loops, Runtime.getRuntime().availableProcessors());
	}

	private static EventLoopGroup sharedClientLoops() {
		return TcpResources.get().onClient(LoopResources.DEFAULT_NATIVE);
	}

	/**
	 * Takes a seat on the loop that holds the fewest of this pool's connections.
	 * @return the seat, to be left when the opening fails or the connection closes
	 */
	synchronized Seat take() {
		Homes homes = currentHomes();
		if (homes == null) {
			return new Seat(null, -1, null);
		}
		int index = homes.leastUsed(this.firstChoice);
		homes.seated[index]++;
		return new Seat(homes, index, homes.schedulers.get(index));
	}

	private synchronized void leave(Homes homes, int index) {
		if (homes == this.homes) {
			homes.seated[index]--;
		}
	}

	/**
	 * Returns the loops in use, chosen again when the driver's loops were replaced.
	 */
	private @Nullable Homes currentHomes() {
		EventLoopGroup group = this.loops.get();
		if (group == null || group.isShuttingDown()) {
			return null;
		}
		Homes homes = this.homes;
		if (homes == null || homes.group != group) {
			homes = Homes.of(group, this.processors);
			this.homes = homes;
		}
		return homes;
	}

	/**
	 * The loops one pool uses, and how many of its connections each one holds.
	 */
	private static final class Homes {

		private final EventLoopGroup group;

		private final List<Scheduler> schedulers;

		private final int[] seated;

		private Homes(EventLoopGroup group, List<Scheduler> schedulers) {
			this.group = group;
			this.schedulers = schedulers;
			this.seated = new int[schedulers.size()];
		}

		static @Nullable Homes of(EventLoopGroup group, int processors) {
			List<Scheduler> schedulers = new ArrayList<>();
			for (EventExecutor loop : group) {
				if (schedulers.size() == processors) {
					break;
				}
				schedulers.add(Schedulers.fromExecutor(loop));
			}
			return schedulers.isEmpty() ? null : new Homes(group, List.copyOf(schedulers));
		}

		int leastUsed(int firstChoice) {
			int size = this.seated.length;
			int best = firstChoice % size;
			for (int i = 1; i < size; i++) {
				int candidate = (firstChoice + i) % size;
				if (this.seated[candidate] < this.seated[best]) {
					best = candidate;
				}
			}
			return best;
		}

	}

	/**
	 * A connection's place on one of the pool's loops, from the start of its opening
	 * until it failed or closed.
	 */
	final class Seat {

		private final @Nullable Homes homes;

		private final int index;

		private final @Nullable Scheduler loop;

		private final AtomicBoolean left = new AtomicBoolean();

		private Seat(@Nullable Homes homes, int index, @Nullable Scheduler loop) {
			this.homes = homes;
			this.index = index;
			this.loop = loop;
		}

		/**
		 * Subscribes to the given opening from this seat's loop, so that the driver
		 * registers the connection there, and names the loop in the opening's context
		 * ({@link OpeningLoop}); or subscribes on the caller's thread when the loop is
		 * unknown or takes no more tasks.
		 * @param <T> the type of connection
		 * @param opening the opening
		 * @return the opening, subscribed to from this seat's loop
		 */
		<T> Mono<T> openFrom(Mono<T> opening) {
			Homes homes = this.homes;
			Scheduler loop = this.loop;
			if (homes == null || loop == null || homes.group.isShuttingDown()) {
				return opening;
			}
			return opening.subscribeOn(loop).contextWrite(OpeningLoop.of(loop));
		}

		/**
		 * Leaves this seat, once, however often it is called.
		 */
		void leave() {
			Homes homes = this.homes;
			if (homes != null && this.left.compareAndSet(false, true)) {
				EventLoopPlacement.this.leave(homes, this.index);
			}
		}

	}

}
