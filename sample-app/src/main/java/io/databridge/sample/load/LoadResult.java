package io.databridge.sample.load;

/**
 * What a burst of load did.
 *
 * @param requests the queries run
 * @param concurrency the most queries in flight at once
 * @param succeeded the queries that completed
 * @param failed the queries that failed, for example because no connection was free
 * within the acquire timeout
 * @param durationMillis how long the burst took
 * @author Databridge team
 */
public record LoadResult(int requests, int concurrency, long succeeded, long failed, long durationMillis) {

}
