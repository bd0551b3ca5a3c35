package io.meterwise.server.http.operator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.server.http.error.ArmException;
import io.meterwise.core.access.PrincipalStore;

/** The operator's API for service principals of the built-in issuer (operator-only by route). */
@RestController
@RequestMapping("/providers/Meterwise/principals")
class PrincipalController {

    private final PrincipalStore principals;

    PrincipalController(PrincipalStore principals) {
        this.principals = principals;
    }

    record CreateRequest(@Nullable String displayName, @Nullable Boolean operator) {
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody(required = false) @Nullable CreateRequest request) {
        String name = request == null ? null : request.displayName();
        if (name == null || name.isBlank() || name.length() > 256) {
            throw ArmException.badRequest("InvalidDisplayName", "displayName is required (1 to 256 characters).");
        }
        PrincipalStore.CreatedPrincipal created = principals.create(name.strip(),
                request.operator() != null && request.operator());
        Map<String, Object> body = wire(created.principal());
        body.put("clientSecret", created.clientSecret());
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @GetMapping
    Map<String, Object> list() {
        return Map.of("value", principals.list().stream().map(PrincipalController::wire).toList());
    }

    @DeleteMapping("/{objectId}")
    ResponseEntity<Void> delete(@PathVariable String objectId) {
        boolean isOperator = principals.byClientId(PrincipalStore.OPERATOR_CLIENT_ID)
                .map(p -> p.objectId().equals(objectId)).orElse(false);
        if (isOperator) {
            throw new ArmException(HttpStatus.CONFLICT, "OperatorPrincipalRequired",
                    "The principal '" + PrincipalStore.OPERATOR_CLIENT_ID + "' cannot be deleted.");
        }
        return principals.delete(objectId) ? ResponseEntity.ok().build() : ResponseEntity.noContent().build();
    }

    private static Map<String, Object> wire(PrincipalStore.StoredPrincipal p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("objectId", p.objectId());
        body.put("clientId", p.clientId());
        body.put("displayName", p.displayName());
        body.put("operator", p.operator());
        body.put("createdAt", p.createdAt().toString());
        return body;
    }
}
