package io.databridge.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
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
import static org.assertj.core.api.Assertions.assertThatException;

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
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 2, 0);
		List<String> threads = threadsOf(seats(placement, 6));
		assertThat(perThread(threads)).hasSize(2).allSatisfy((thread, count) -> assertThat(count).isEqualTo(3));
		assertThat(threads).allMatch((thread) -> thread.startsWith("four-"));
		assertThat(placement.seated()).isEqualTo(6);
	}

	@Test
	void everyLoopIsUsedWhenThereAreAtLeastAsManyProcessors() {
		EventLoopGroup loops = loops("four", 4);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 8, 0);
		assertThat(perThread(threadsOf(seats(placement, 8)))).hasSize(4)
			.allSatisfy((thread, count) -> assertThat(count).isEqualTo(2));
	}

	@Test
	void poolsWithDifferentFirstChoicesPutTheirFirstConnectionsOnDifferentLoops() {
		EventLoopGroup loops = loops("two", 2);
		EventLoopSeat first = new EventLoopPlacement(() -> loops, 2, 0).take();
		EventLoopSeat second = new EventLoopPlacement(() -> loops, 2, 1).take();
		assertThat(threadOf(first)).isNotEqualTo(threadOf(second));
	}

	@Test
	void theLoopOfAClosedConnectionIsChosenNextAndLeavingTwiceCountsOnce() {
		EventLoopGroup loops = loops("three", 3);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 3, 0);
		List<EventLoopSeat> seats = seats(placement, 6);
		List<String> threads = threadsOf(seats);
		seats.get(0).leave();
		seats.get(0).leave();
		assertThat(placement.seated()).isEqualTo(5);
		assertThat(threadOf(placement.take())).isEqualTo(threads.get(0));
		// every loop holds two again: the next three go one to each loop
		assertThat(perThread(threadsOf(seats(placement, 3)))).hasSize(3);
		assertThat(placement.seated()).isEqualTo(9);
	}

	@Test
	void aSeatIsLeftWhenItsOpeningIsCancelledBeforeTheConnectionArrivesAndKeptOnceItArrived() {
		EventLoopGroup loops = loops("two", 2);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 2, 0);
		placement.take().open(Mono.never(), (connection, seat) -> seat).subscribe().dispose();
		assertThat(placement.seated()).isZero();
		EventLoopSeat held = placement.take().open(Mono.just("connection"), (connection, seat) -> seat).block(TIMEOUT);
		assertThat(placement.seated()).isOne();
		held.leave();
		assertThat(placement.seated()).isZero();
	}

	@Test
	void aSeatIsLeftWhenItsOpeningFails() {
		EventLoopGroup loops = loops("two", 2);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 2, 0);
		Mono<EventLoopSeat> failing = placement.take()
			.open(Mono.error(new IllegalStateException("refused")), (connection, seat) -> seat);
		assertThatException().isThrownBy(() -> failing.block(TIMEOUT)).withMessage("refused");
		assertThat(placement.seated()).isZero();
	}

	@Test
	void connectionsOpenOnTheNewLoopsOnceTheDriversLoopsAreReplaced() {
		AtomicReference<EventLoopGroup> driverLoops = new AtomicReference<>(loops("old", 2));
		EventLoopPlacement placement = new EventLoopPlacement(driverLoops::get, 2, 0);
		List<EventLoopSeat> before = seats(placement, 2);
		assertThat(threadsOf(before)).allMatch((thread) -> thread.startsWith("old-"));
		driverLoops.set(loops("new", 2));
		List<EventLoopSeat> after = seats(placement, 1);
		// seats on the old loops no longer count, and leaving them changes nothing
		assertThat(placement.seated()).isOne();
		before.forEach(EventLoopSeat::leave);
		assertThat(placement.seated()).isOne();
		after.addAll(seats(placement, 3));
		List<String> threads = threadsOf(after);
		assertThat(threads).allMatch((thread) -> thread.startsWith("new-"));
		assertThat(perThread(threads)).hasSize(2).allSatisfy((thread, count) -> assertThat(count).isEqualTo(2));
	}

	@Test
	void withoutLoopsTheOpeningRunsOnTheCallersThread() {
		EventLoopPlacement placement = new EventLoopPlacement(() -> null, 2, 0);
		assertThat(threadOf(placement.take())).isEqualTo(Thread.currentThread().getName());
		assertThat(placement.seated()).isZero();
	}

	@Test
	void aSeatTakenBeforeTheLoopsShutDownFailsItsOpeningAndTheNextOpensOnTheCallersThread() {
		EventLoopGroup loops = loops("closing", 2);
		EventLoopPlacement placement = new EventLoopPlacement(() -> loops, 2, 0);
		EventLoopSeat seat = placement.take();
		loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
		assertThatException().isThrownBy(() -> threadOf(seat))
			.withRootCauseInstanceOf(RejectedExecutionException.class);
		assertThat(placement.seated()).isZero();
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

	private static List<EventLoopSeat> seats(EventLoopPlacement placement, int count) {
		List<EventLoopSeat> seats = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			seats.add(placement.take());
		}
		return seats;
	}

	private static List<String> threadsOf(List<EventLoopSeat> seats) {
		return seats.stream().map(EventLoopPlacementTests::threadOf).toList();
	}

	/**
	 * Opens a stand-in connection from the seat, which is the name of the thread it was
	 * opened on; the seat stays taken.
	 */
	private static String threadOf(EventLoopSeat seat) {
		return seat.open(Mono.fromCallable(() -> Thread.currentThread().getName()), (thread, held) -> thread)
			.block(TIMEOUT);
	}

	private static Map<String, Long> perThread(List<String> threads) {
		return threads.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
