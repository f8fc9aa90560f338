package io.databridge.sample.transfer;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Makes transfers between accounts.
 *
 * @author Databridge team
 */
@RestController
class TransferController {

	private final TransferService transfers;

	TransferController(TransferService transfers) {
		this.transfers = transfers;
	}

	@PostMapping("/api/transfers")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Transfer> transfer(@Valid @RequestBody TransferRequest request) {
		return this.transfers.transfer(request);
	}

}
