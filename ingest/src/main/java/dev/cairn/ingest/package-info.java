/** Cairn ingest module. */
package dev.cairn.ingest;
