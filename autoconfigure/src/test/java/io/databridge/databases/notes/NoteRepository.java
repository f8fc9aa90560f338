package io.databridge.databases.notes;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The repository of {@link Note}s, enabled on the primary database.
 *
 * @author Databridge team
 */
public interface NoteRepository extends ReactiveCrudRepository<Note, Long> {

}
