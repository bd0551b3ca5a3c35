package io.meterwise.server.http;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import io.meterwise.server.http.error.ArmException;

/**
 * Content negotiation for operations that write JSON themselves (streamed): the Commerce APIs produce
 * {@code application/json} and {@code text/json}. Anything else the client insists on is a 406.
 */
public final class ArmMediaTypes {

    public static final MediaType TEXT_JSON = MediaType.valueOf("text/json");
    private static final List<MediaType> PRODUCED = List.of(MediaType.APPLICATION_JSON, TEXT_JSON);

    private ArmMediaTypes() {
    }

    /** The JSON media type to answer with, {@code application/json} unless the client asked for {@code text/json}. */
    public static MediaType negotiateJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new ArmException(HttpStatus.NOT_ACCEPTABLE, "NotAcceptable",
                    "The Accept header is malformed; send application/json.");
        }
        accepted = new java.util.ArrayList<>(accepted);
        accepted.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType wanted : accepted) {
            for (MediaType produced : PRODUCED) {
                if (wanted.getQualityValue() > 0 && wanted.includes(produced)) {
                    return produced;
                }
            }
        }
        throw new ArmException(HttpStatus.NOT_ACCEPTABLE, "NotAcceptable",
                "This resource can only be returned as application/json or text/json, not '" + accept + "'.");
    }
}
