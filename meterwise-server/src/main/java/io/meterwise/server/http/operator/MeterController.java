package io.meterwise.server.http.operator;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.server.http.error.ArmException;

/** Operator API for meters: {@code /providers/Meterwise/meters}. */
@RestController
class MeterController {

    private final CatalogStore catalog;

    MeterController(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /** A meter on the wire. */
    record MeterWire(String meterId, String name, String category, String subCategory, String region, String unit,
            List<String> tags) {
        static MeterWire of(Meter meter) {
            return new MeterWire(meter.meterId().toString(), meter.name(), meter.category(), meter.subCategory(),
                    meter.region(), meter.unit(), meter.tags());
        }
    }

    @PutMapping(path = "/providers/Meterwise/meters/{meterId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MeterWire> put(@PathVariable String meterId, @RequestBody(required = false) String json) {
        Body body = Body.of(json);
        Meter meter = CatalogRequests.build(() -> new Meter(Body.uuid("meterId", meterId), body.text("name"),
                body.text("category"), body.optionalText("subCategory"), body.optionalText("region"),
                body.text("unit"), body.strings("tags")));
        boolean created = catalog.putMeter(meter);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(MeterWire.of(meter));
    }

    @GetMapping("/providers/Meterwise/meters/{meterId}")
    MeterWire get(@PathVariable String meterId) {
        return catalog.meter(Body.uuid("meterId", meterId)).map(MeterWire::of)
                .orElseThrow(() -> ArmException.notFound("MeterNotFound", "No meter '" + meterId + "'."));
    }

    @GetMapping("/providers/Meterwise/meters")
    Listing<MeterWire> list() {
        return new Listing<>(catalog.meters().stream().map(MeterWire::of).toList());
    }
}
