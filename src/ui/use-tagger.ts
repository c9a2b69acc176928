import { startTransition, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { TaggerClient } from '../client/tagger-client';
import type { DevicePreference } from '../core/device';
import { ErrorNames, isAbortError, toErrorRecord } from '../core/errors';
import type { PromptSettings } from '../core/prompts';
import type { ModelChoice } from '../core/settings';
import { initialSession, sessionReducer, type FinishedPhoto, type Photo } from './session-state';
import { ThumbnailUrls } from './thumbnail-urls';

/** The session's state and the actions the page offers, wired to the model worker. */
export function useTagger(client: TaggerClient) {
  const [state, dispatch] = useReducer(sessionReducer, initialSession);
  const latest = useRef(state);
  latest.current = state;
  const thumbnails = useRef(new ThumbnailUrls());
  const loadRequest = useRef<AbortController | null>(null);
  const photoRequests = useRef(new Set<AbortController>());
  const [labelsError, setLabelsError] = useState<string | null>(null);
  const finishedBatch = useRef<FinishedPhoto[]>([]);
  const frameRequest = useRef<number | null>(null);

  /** Applies the photos finished since the last frame in one render, not one render of every card per photo. */
  const flushFinished = useCallback(() => {
    if (frameRequest.current !== null) cancelAnimationFrame(frameRequest.current);
    frameRequest.current = null;
    const finished = finishedBatch.current;
    finishedBatch.current = [];
    // A transition: React renders the cards in slices that let input and painting in between.
    if (finished.length > 0) startTransition(() => dispatch({ type: 'photos-finished', finished }));
  }, []);

  const photoFinished = useCallback(
    (item: FinishedPhoto) => {
      finishedBatch.current.push(item);
      frameRequest.current ??= requestAnimationFrame(flushFinished);
    },
    [flushFinished],
  );

  useEffect(() => {
    const urls = thumbnails.current;
    return () => {
      urls.revokeAll();
      if (frameRequest.current !== null) cancelAnimationFrame(frameRequest.current);
    };
  }, []);

  const encode = useCallback(
    (photos: readonly Photo[]) => {
      if (photos.length === 0) return;
      const controller = new AbortController();
      photoRequests.current.add(controller);
      client
        .addPhotos(
          photos.map((photo) => ({ photoId: photo.id, file: photo.file, name: photo.name })),
          {
            signal: controller.signal,
            onPhoto: (outcome) => {
              const url = outcome.status === 'encoded' ? thumbnails.current.replace(outcome.photoId, outcome.thumbnail) : null;
              photoFinished({ outcome, thumbnailUrl: url });
            },
          },
        )
        .catch((error: unknown) => {
          if (isAbortError(error)) return;
          if (error instanceof Error && error.name === ErrorNames.workerCrashed) {
            dispatch({ type: 'model-failed', error: toErrorRecord(error) });
            return;
          }
          for (const photo of photos) {
            photoFinished({ outcome: { photoId: photo.id, status: 'failed', error: toErrorRecord(error) }, thumbnailUrl: null });
          }
        })
        .finally(() => photoRequests.current.delete(controller));
    },
    [client, photoFinished],
  );

  const loadModel = useCallback(
    (choice: ModelChoice, devicePreference: DevicePreference) => {
      loadRequest.current?.abort();
      for (const request of photoRequests.current) request.abort();
      const controller = new AbortController();
      loadRequest.current = controller;
      flushFinished(); // So that the new model's loading re-queues them too.
      dispatch({ type: 'model-loading', choice });
      client
        .load(
          { model: choice.model, source: choice.source, devicePreference },
          { signal: controller.signal, onProgress: (progress) => dispatch({ type: 'model-progress', progress }) },
        )
        .then((info) => {
          dispatch({ type: 'model-ready', info });
          encode(latest.current.photos.filter((photo) => photo.state === 'queued'));
        })
        .catch((error: unknown) => {
          if (!isAbortError(error)) dispatch({ type: 'model-failed', error: toErrorRecord(error) });
        });
    },
    [client, encode, flushFinished],
  );

  const addFiles = useCallback(
    (files: readonly File[]) => {
      const photos: Photo[] = files.map((file) => ({
        id: crypto.randomUUID(),
        name: file.name || 'pasted image',
        file,
        state: 'queued',
        thumbnailUrl: null,
        error: null,
        ranking: null,
      }));
      startTransition(() => dispatch({ type: 'photos-added', photos }));
      if (latest.current.model.status === 'ready') encode(photos);
    },
    [encode],
  );

  const removePhotos = useCallback(
    (ids: readonly string[]) => {
      for (const id of ids) thumbnails.current.revoke(id);
      dispatch({ type: 'photos-removed', ids });
      void client.removePhotos([...ids]);
    },
    [client],
  );

  const clearPhotos = useCallback(() => removePhotos(latest.current.photos.map((photo) => photo.id)), [removePhotos]);

  const setLabels = useCallback((labels: string[]) => dispatch({ type: 'labels-changed', labels }), []);
  const setPrompts = useCallback((prompts: PromptSettings) => dispatch({ type: 'prompts-changed', prompts }), []);
  const setThreshold = useCallback((threshold: number) => dispatch({ type: 'threshold-changed', threshold }), []);

  const modelInfo = state.model.status === 'ready' ? state.model.info : null;
  const { request } = state;
  useEffect(() => {
    if (!modelInfo) return;
    const controller = new AbortController();
    client
      .rank(request, {
        signal: controller.signal,
        onProgress: (progress) => dispatch({ type: 'prompt-progress', progress: progress.encoded < progress.total ? progress : null }),
      })
      .then((snapshot) => {
        setLabelsError(null);
        // Photos finished before this snapshot must land first, or their older rankings would replace it.
        flushFinished();
        dispatch({ type: 'ranked', snapshot });
      })
      .catch((error: unknown) => {
        if (!isAbortError(error)) setLabelsError(toErrorRecord(error).message);
      })
      .finally(() => {
        if (!controller.signal.aborted) dispatch({ type: 'prompt-progress', progress: null });
      });
    return () => controller.abort();
  }, [client, modelInfo, request, flushFinished]);

  return { state, labelsError, loadModel, addFiles, removePhotos, clearPhotos, setLabels, setPrompts, setThreshold };
}
