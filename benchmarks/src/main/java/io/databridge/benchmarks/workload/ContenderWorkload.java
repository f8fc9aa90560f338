package io.databridge.benchmarks.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.databridge.benchmarks.contender.Contender;
import io.databridge.benchmarks.contender.Contenders;

/**
 * A workload whose subjects are contenders, in the order given, with Databridge's
 * defaults as the baseline.
 *
 * @author Databridge team
 */
abstract class ContenderWorkload implements Workload {

	private final Map<String, Contender> contenders = new LinkedHashMap<>();

	/**
	 * Creates the workload for the given contenders.
	 * @param contenders the contenders, measured in this order
	 */
	ContenderWorkload(List<Contender> contenders) {
		contenders.forEach((contender) -> this.contenders.put(contender.name(), contender));
	}

	/**
	 * Returns the contender of the given name.
	 * @param name the name
	 * @return the contender
	 */
	final Contender contender(String name) {
		return this.contenders.get(name);
	}

	@Override
	public List<String> subjects() {
		return List.copyOf(this.contenders.keySet());
	}

	@Override
	public String baseline() {
		return Contenders.DATABRIDGE;
	}

}
