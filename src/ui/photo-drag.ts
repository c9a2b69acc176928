/** The drag data a photo card carries when dragged onto a label chip: the photo's id. */
export const PHOTO_DRAG_TYPE = 'application/x-cliptag-photo';
