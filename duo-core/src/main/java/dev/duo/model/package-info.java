/**
 * Self-hosted models: families, identifiers, api-key references, deadlines, the model registry and the development catalog.
 */
package dev.duo.model;
