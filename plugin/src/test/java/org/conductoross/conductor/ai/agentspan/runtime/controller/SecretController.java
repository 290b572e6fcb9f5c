package org.conductoross.conductor.ai.agentspan.runtime.controller;

/**
 * Stands in for conductor-agentspan's controller of that name, which a 3.32.x server registers when
 * {@code conductor.integrations.ai.enabled=true} and which serves {@code GET /api/secrets/{key}}.
 * The end-to-end tests meet the real one.
 */
public class SecretController {}
