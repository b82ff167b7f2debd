/** A Spring Boot application that explains code through Duo: the starter in use. */
package dev.duo.examples.spring;
