package io.databridge.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventLoopPlacement} on event loops of its own, standing in for the
 * driver's.
 *
 * @author Databridge team
 */
class EventLoopPlacementTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<EventLoopGroup> groups = new ArrayList<>();

	@AfterEach
	void shutDownLoops() {
		this.groups.forEach(EventLoopGroup::shutdownGracefully);
	}

	@Test
	void connectionsOpenOnAsManyLoopsAsThereAreProcessorsEachHoldingAsManyAsTheOthers() {
		EventLoopGroup loops = loops("four", 4);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 2);
		List<String> threads = threadsOf(seats(placement, 6));
		assertThat(perThread(threads)).hasSize(2).allSatisfy((thread, count) -> assertThat(count).isEqualTo(3));
		assertThat(threads).allMatch((thread) -> thread.startsWith("four-"));
	}

	@Test
	void everyLoopIsUsedWhenThereAreAtLeastAsManyProcessors() {
		EventLoopGroup loops = loops("four", 4);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 8);
		assertThat(perThread(threadsOf(seats(placement, 8)))).hasSize(4)
			.allSatisfy((thread, count) -> assertThat(count).isEqualTo(2));
	}

	@Test
	void theLoopOfAClosedConnectionIsChosenForTheNextOneAndLeavingTwiceCountsOnce() {
		EventLoopGroup loops = loops("three", 3);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 3);
		List<EventLoopPlacement.Seat> seats = seats(placement, 6);
		List<String> threads = threadsOf(seats);
		seats.get(0).leave();
		seats.get(0).leave();
		EventLoopPlacement.Seat next = placement.take();
		assertThat(threadOf(next)).isEqualTo(threads.get(0));
		// Every loop now holds two again, the left seat counting once: the next three
		// go one to each loop.
		assertThat(perThread(threadsOf(seats(placement, 3)))).hasSize(3);
	}

	@Test
	void connectionsOpenOnTheNewLoopsOnceTheDriversLoopsAreReplaced() {
		AtomicReference<EventLoopGroup> driverLoops = new AtomicReference<>(loops("old", 2));
		EventLoopPlacement placement = new EventLoopPlacement(driverLoops::get, 2);
		List<EventLoopPlacement.Seat> before = seats(placement, 2);
		assertThat(threadsOf(before)).allMatch((thread) -> thread.startsWith("old-"));
		driverLoops.set(loops("new", 2));
		before.forEach(EventLoopPlacement.Seat::leave);
		List<String> after = threadsOf(seats(placement, 4));
		assertThat(after).allMatch((thread) -> thread.startsWith("new-"));
		assertThat(perThread(after)).hasSize(2).allSatisfy((thread, count) -> assertThat(count).isEqualTo(2));
	}

	@Test
	void withoutLoopsTheOpeningRunsOnTheCallersThread() {
		EventLoopPlacement placement = new EventLoopPlacement(() -> null, 2);
		assertThat(threadOf(placement.take())).isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void loopsThatShutDownLeaveTheOpeningOnTheCallersThreadForTheDriverToRefuse() {
		EventLoopGroup loops = loops("closing", 2);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 2);
		EventLoopPlacement.Seat seat = placement.take();
		loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
		assertThat(threadOf(seat)).isEqualTo(Thread.currentThread().getName());
		assertThat(threadOf(placement.take())).isEqualTo(Thread.currentThread().getName());
	}

	/**
	 * Starts event loops whose threads are named after them: {@code name-1},
	 * {@code name-2} and so on.
	 */
	private EventLoopGroup loops(String name, int count) {
		AtomicInteger started = new AtomicInteger();
		ThreadFactory threads = (task) -> new Thread(task, name + "-" + started.incrementAndGet());
		EventLoopGroup group = new DefaultEventLoopGroup(count, threads);
		this.groups.add(group);
		return group;
	}

	private static List<EventLoopPlacement.Seat> seats(EventLoopPlacement placement, int count) {
		List<EventLoopPlacement.Seat> seats = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			seats.add(placement.take());
		}
		return seats;
	}

	private static List<String> threadsOf(List<EventLoopPlacement.Seat> seats) {
		return seats.stream().map(EventLoopPlacementTests::threadOf).toList();
	}

	private static String threadOf(EventLoopPlacement.Seat seat) {
		return seat.openFrom(Mono.fromCallable(() -> Thread.currentThread().getName())).block(TIMEOUT);
	}

	private static Map<String, Long> perThread(List<String> threads) {
		return threads.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
