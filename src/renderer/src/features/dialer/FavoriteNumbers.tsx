import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';

/** Favourite numbers as one-click fills for the pad (they are managed in Settings). */
export function FavoriteNumbers() {
  const favorites = useStore(useShallow((s) => s.snapshot?.settings.favoriteNumbers ?? []));
  const setDialNumber = useStore((s) => s.setDialNumber);
  if (favorites.length === 0) return null;
  return (
    <div role="group" aria-label="Favourite numbers" className="favorite-numbers">
      {favorites.map((favorite) => (
        <button key={favorite.e164} type="button" onClick={() => setDialNumber(favorite.e164)}>
          Use {favorite.label} ({favorite.e164})
        </button>
      ))}
    </div>
  );
}
