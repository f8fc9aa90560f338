package io.databridge.sample.importing;

/**
 * What an import did.
 *
 * @param imported the number of accounts written
 * @param method how they were written
 * @param durationMillis how long the import took, from the first row read to the last
 * written
 * @author Databridge team
 */
public record ImportResult(long imported, ImportMethod method, long durationMillis) {

}
