/** Object URLs for thumbnails, one per photo, revoked as soon as a photo leaves or gets a new one. */
export class ThumbnailUrls {
  private readonly urls = new Map<string, string>();

  replace(photoId: string, thumbnail: Blob): string {
    this.revoke(photoId);
    const url = URL.createObjectURL(thumbnail);
    this.urls.set(photoId, url);
    return url;
  }

  revoke(photoId: string): void {
    const url = this.urls.get(photoId);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(photoId);
  }

  revokeAll(): void {
    for (const id of [...this.urls.keys()]) this.revoke(id);
  }
}
