package io.databridge.benchmarks.springdata;

import io.databridge.benchmarks.server.Dataset;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of {@code pgbench_accounts} as Spring Data R2DBC maps it.
 *
 * @param aid the account id
 * @param bid the branch id
 * @param abalance the balance
 * @param filler pgbench's padding
 * @author Databridge team
 */
@Table(schema = Dataset.SCHEMA, value = "pgbench_accounts")
public record BenchAccount(@Id int aid, int bid, int abalance, String filler) {

}
