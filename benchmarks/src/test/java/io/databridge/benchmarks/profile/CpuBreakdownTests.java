package io.databridge.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link CpuBreakdown}.
 *
 * @author Databridge team
 */
class CpuBreakdownTests {

	private static final String EVENT_LOOP = "start_thread;thread_native_entry;JavaThread::thread_main_inner;"
			+ "io/netty/channel/epoll/EpollEventLoop.run;";

	@Test
	void aSystemCallCountsForTheKernelWhoeverMadeIt() {
		assertThat(layerOf(EVENT_LOOP + "io/netty/channel/epoll/Native.epollWait;epoll_wait"))
			.isEqualTo(CpuLayer.KERNEL);
		assertThat(layerOf(EVENT_LOOP + "io/r2dbc/postgresql/client/ReactorNettyClient.send;__GI___send"))
			.isEqualTo(CpuLayer.KERNEL);
		assertThat(layerOf(EVENT_LOOP + "Java_io_netty_Native_write;tcp_sendmsg_[k]")).isEqualTo(CpuLayer.KERNEL);
	}

	@Test
	void aThreadRunningNoJavaCodeCountsForTheJvm() {
		assertThat(layerOf(
				"start_thread;thread_native_entry;CompileBroker::compiler_thread_loop;C2Compiler::compile_method"))
			.isEqualTo(CpuLayer.JVM);
	}

	@Test
	void timeCountsForTheInnermostLibraryAndTimeInTheJdkForItsCaller() {
		assertThat(layerOf(EVENT_LOOP + "reactor/core/publisher/FluxMap$MapSubscriber.onNext;"
				+ "io/r2dbc/postgresql/PostgresqlRow.get;java/util/HashMap.get;java/lang/String.hashCode"))
			.isEqualTo(CpuLayer.DRIVER);
		assertThat(layerOf(EVENT_LOOP + "io/databridge/query/ExecutionTracker.track;reactor/core/publisher/Flux.map"))
			.isEqualTo(CpuLayer.REACTOR);
		assertThat(layerOf("start_thread;java/lang/Thread.run;java/util/concurrent/ThreadPoolExecutor.runWorker"))
			.isEqualTo(CpuLayer.OTHER);
	}

	@Test
	void theBenchmarksOwnCodeIsToldApartFromDatabridge() {
		assertThat(layerOf(EVENT_LOOP + "io/databridge/benchmarks/load/ClosedLoopDriver.next"))
			.isEqualTo(CpuLayer.BENCHMARK);
		assertThat(layerOf(EVENT_LOOP + "io/databridge/pool/Acquire$Handoff.deliver")).isEqualTo(CpuLayer.DATABRIDGE);
		assertThat(layerOf(EVENT_LOOP + "io/vertx/core/internal/pool/SimpleConnectionPool.acquire"))
			.isEqualTo(CpuLayer.POOL);
		assertThat(layerOf(EVENT_LOOP + "io/vertx/pgclient/impl/codec/PgDecoder.decodeDataRow"))
			.isEqualTo(CpuLayer.DRIVER);
	}

	@Test
	void sharesAreWeightedBySampleCounts() {
		CpuBreakdown breakdown = CpuBreakdown
			.of(Stream.of(EVENT_LOOP + "__GI___send 3", EVENT_LOOP + "reactor/core/publisher/Flux.subscribe 1"));
		assertThat(breakdown.total()).isEqualTo(4);
		assertThat(breakdown.share(CpuLayer.KERNEL)).isCloseTo(0.75, within(1e-9));
		assertThat(breakdown.share(CpuLayer.REACTOR)).isCloseTo(0.25, within(1e-9));
		assertThat(breakdown.share(CpuLayer.POOL)).isZero();
	}

	@Test
	void readingSumsTheSamplesOfEveryFile(@TempDir Path directory) throws IOException {
		Path first = Files.writeString(directory.resolve("databridge-1.collapsed"), EVENT_LOOP + "__GI___send 2\n");
		Path second = Files.writeString(directory.resolve("databridge-2.collapsed"),
				EVENT_LOOP + "io/netty/buffer/ByteBuf.read 2\n");
		CpuBreakdown breakdown = CpuBreakdown.read(List.of(first, second)).orElseThrow();
		assertThat(breakdown.total()).isEqualTo(4);
		assertThat(breakdown.share(CpuLayer.KERNEL)).isCloseTo(0.5, within(1e-9));
		assertThat(breakdown.share(CpuLayer.NETTY)).isCloseTo(0.5, within(1e-9));
		assertThat(CpuBreakdown.read(List.of())).isEmpty();
	}

	private static CpuLayer layerOf(String stack) {
		return CpuBreakdown.layerOf(stack.split(";"));
	}

}
