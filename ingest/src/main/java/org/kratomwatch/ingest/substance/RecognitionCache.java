package org.kratomwatch.ingest.substance;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded, thread-safe cache with approximate LRU behaviour: two generations of hash maps. New
 * entries go to the young generation; a hit in the old generation is copied to the young one; when
 * the young generation is full it becomes the old one (the previous old one is dropped). At most
 * {@code 2 × generationSize} entries are held; reads take no lock.
 */
final class RecognitionCache<K, V> {

    private final int generationSize;
    private volatile ConcurrentHashMap<K, V> young;
    private volatile ConcurrentHashMap<K, V> old;
    private final AtomicInteger youngCount = new AtomicInteger();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    RecognitionCache(int maxEntries) {
        this.generationSize = Math.max(1, maxEntries / 2);
        this.young = new ConcurrentHashMap<>(Math.min(generationSize, 1 << 16));
        this.old = new ConcurrentHashMap<>();
    }

    V get(K key) {
        V v = young.get(key);
        if (v != null) {
            hits.increment();
            return v;
        }
        v = old.get(key);
        if (v != null) {
            hits.increment();
            put(key, v);
            return v;
        }
        misses.increment();
        return null;
    }

    void put(K key, V value) {
        if (young.put(key, value) == null && youngCount.incrementAndGet() >= generationSize) {
            rotate();
        }
    }

    private synchronized void rotate() {
        if (youngCount.get() >= generationSize) {
            old = young;
            young = new ConcurrentHashMap<>(Math.min(generationSize, 1 << 16));
            youngCount.set(0);
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    int size() {
        return young.size() + old.size();
    }
}
