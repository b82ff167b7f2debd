/** The bundled model-family table (release states and prompt lookup orders) read from its data file. */
package dev.duo.internal.model;
