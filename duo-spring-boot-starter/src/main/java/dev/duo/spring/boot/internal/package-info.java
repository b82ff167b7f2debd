/** Implementation of the Duo Spring Boot starter; not for users. */
package dev.duo.spring.boot.internal;
