/**
 * AI features (code generation, chat, explain code ...): their release state, category, compatible model families and inputs, and the registry that holds them.
 */
package dev.duo.feature;
