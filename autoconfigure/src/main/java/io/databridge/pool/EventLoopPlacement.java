package io.databridge.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
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
 * that holds the fewest of its connections: a seat ({@link EventLoopSeat}) on that loop
 * is taken when an opening starts, and left when the opening fails or is given up on, or
 * when the connection closes. Each pool counts its own connections; pools made one after
 * the other (a primary, its replicas, named databases) break ties starting from
 * successive loops, so that several small pools do not all load the first one.
 * <p>
 * Where the loops cannot be known (Reactor Netty is absent, or its loops shut down), the
 * opening runs on the caller's thread and the driver places the connection as it would
 * without a pool. So it does when the driver is given loops of its own (a
 * {@code loopResources} set by a customizer): the openings still start from Reactor
 * Netty's shared loops, which the driver's own loops take for any other thread.
 *
 * @author Databridge team
 */
final class EventLoopPlacement {

	private static final boolean REACTOR_NETTY_PRESENT = ClassUtils.isPresent("reactor.netty.tcp.TcpResources",
			EventLoopPlacement.class.getClassLoader());

	private static final AtomicInteger pools = new AtomicInteger();

	private final Supplier<? extends @Nullable EventLoopGroup> loops;

	private final int processors;

	private final int firstChoice;

	private @Nullable Homes homes;

	/**
	 * Creates a placement over the given loops.
	 * @param loops supplies the event loops the driver opens its connections on, or
	 * {@code null} when they are unknown; asked at each opening, since they may be
	 * replaced
	 * @param processors how many processors the JVM may use, which is how many of the
	 * loops the pool uses at most
	 * @param firstChoice which of the loops in use is chosen first among those holding
	 * equally many connections, modulo their number
	 */
	EventLoopPlacement(Supplier<? extends @Nullable EventLoopGroup> loops, int processors, int firstChoice) {
		this.loops = loops;
		this.processors = Math.max(1, processors);
		this.firstChoice = firstChoice & Integer.MAX_VALUE;
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
		return new EventLoopPlacement(loops, Runtime.getRuntime().availableProcessors(), pools.getAndIncrement());
	}

	private static EventLoopGroup sharedClientLoops() {
		return TcpResources.get().onClient(LoopResources.DEFAULT_NATIVE);
	}

	/**
	 * Takes a seat on the loop that holds the fewest of this pool's connections.
	 * @return the seat, to be left when the opening fails or the connection closes
	 */
	synchronized EventLoopSeat take() {
		Homes homes = currentHomes();
		if (homes == null) {
			return EventLoopSeat.unplaced();
		}
		int index = homes.leastUsed(this.firstChoice);
		homes.seated[index]++;
		return new EventLoopSeat(homes.schedulers.get(index), () -> leave(homes, index));
	}

	/**
	 * Returns how many seats are taken: openings under way and connections open.
	 * @return the seats taken on the loops in use
	 */
	synchronized int seated() {
		Homes homes = this.homes;
		int seated = 0;
		if (homes != null) {
			for (int count : homes.seated) {
				seated += count;
			}
		}
		return seated;
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

}
