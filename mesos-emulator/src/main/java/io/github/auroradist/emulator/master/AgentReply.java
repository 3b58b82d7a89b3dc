package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;

/** A reply to an agent-protocol request: an HTTP status and a JSON body. */
public record AgentReply(int status, JsonNode body) {}
